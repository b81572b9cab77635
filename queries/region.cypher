// name: region
// description: Parties tied to a region - located in it or in a region within it (PART_OF), or cited for conduct there - with how they are tied and each of their listings (one row per listing; a party with none appears once). first_seen marks a listing dated only by the first snapshot that showed it.
// param: region: region (required) - name, alias or code of a region, e.g. Xinjiang or CN-XJ
// example: skg query region --param region=Xinjiang
CALL () {
  MATCH (d:Document) WHERE d.kind = 'list_snapshot' AND d.published IS NOT NULL
  WITH split(coalesce(d.code, d.id), '@')[0] AS family, collect(d) AS docs, min(d.published) AS first
  UNWIND [d IN docs WHERE d.published = first | d.id + '@' + first] AS snapshot
  RETURN collect(snapshot) AS first_snapshots
}
MATCH (g:Entity {id: $region})
OPTIONAL MATCH (s:Region)-[:PART_OF*1..4]->(g)
WITH g, first_snapshots, collect(DISTINCT s.id) AS within
WITH first_snapshots, [g.id] + within AS ids
CALL (ids) {
  UNWIND ids AS rid
  MATCH (:Entity {id: rid})<-[:LOCATED_IN]-(p:Party)
  RETURN p, 'located' AS tie
  UNION
  MATCH (p:Party)-[c:CITED_FOR]->(:Concern)
  WHERE c.region IN ids
  RETURN p, 'cited' AS tie
}
WITH p, first_snapshots, collect(tie) AS found
OPTIONAL MATCH (p)-[l:LISTED_ON]->(lst:SanctionList)
RETURN
  p.id AS party_id,
  p.name AS party,
  [t IN ['cited', 'located'] WHERE t IN found] AS ties,
  lst.id AS list_id,
  lst.name AS list,
  l.listed_on AS listed_on,
  CASE WHEN l IS NULL THEN NULL ELSE l.listed_on IS NOT NULL
    AND any(s IN coalesce(l.sources, []) WHERE s + '@' + l.listed_on IN first_snapshots) END AS first_seen,
  l.removed_on AS removed_on,
  l.sources AS sources
ORDER BY party_id, listed_on, list_id
