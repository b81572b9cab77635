// name: region
// description: Parties tied to a region - located in it or in a region within it (PART_OF), or cited for conduct there - with how they are tied and each of their listings (one row per listing; a party with none appears once).
// param: region: region (required) - name, alias or code of a region, e.g. Xinjiang or CN-XJ
// example: skg query region --param region=Xinjiang
MATCH (g:Entity {id: $region})
OPTIONAL MATCH (s:Region)-[:PART_OF*1..4]->(g)
WITH g, [g.id] + collect(DISTINCT s.id) AS ids
CALL {
  WITH ids
  UNWIND ids AS rid
  MATCH (:Entity {id: rid})<-[:LOCATED_IN]-(p:Party)
  RETURN p, 'located' AS tie
  UNION
  WITH ids
  MATCH (p:Party)-[c:CITED_FOR]->(:Concern)
  WHERE c.region IN ids
  RETURN p, 'cited' AS tie
}
WITH p, collect(tie) AS found
WITH p, [t IN ['cited', 'located'] WHERE t IN found] AS ties
OPTIONAL MATCH (p)-[l:LISTED_ON]->(lst:SanctionList)
RETURN
  p.id AS party_id,
  p.name AS party,
  ties,
  lst.id AS list_id,
  lst.name AS list,
  l.listed_on AS listed_on,
  l.removed_on AS removed_on,
  l.sources AS sources
ORDER BY party_id, listed_on, list_id
