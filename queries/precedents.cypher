// name: precedents
// description: Parties cited for the same concern as the entity (in the same region, when given), and what happened to them afterwards - every listing that began on or after the citation, with the list's severity and the days from citation to listing (partial dates count from their first day). A party with no later listing appears once with an empty list.
// param: entity: party (required) - name, alias or id of the party whose precedents you want
// param: concern: concern - only this concern (default: every concern the entity is cited for)
// param: region: region - only citations concerning this region
// example: skg query precedents --param entity=hikvision
MATCH (e:Entity {id: $entity})-[c0:CITED_FOR]->(k:Concern)
WHERE ($concern IS NULL OR k.id = $concern) AND ($region IS NULL OR c0.region = $region)
WITH DISTINCT k
MATCH (p:Party)-[c:CITED_FOR]->(k)
WHERE p.id <> $entity AND ($region IS NULL OR c.region = $region)
WITH p, c, k,
  CASE WHEN c.date IS NULL THEN NULL ELSE date(CASE size(c.date) WHEN 4 THEN c.date + '-01-01' WHEN 7 THEN c.date + '-01' ELSE c.date END) END AS cited
OPTIONAL MATCH (p)-[l:LISTED_ON]->(lst:SanctionList)
WHERE cited IS NOT NULL AND l.listed_on IS NOT NULL
  AND date(CASE size(l.listed_on) WHEN 4 THEN l.listed_on + '-01-01' WHEN 7 THEN l.listed_on + '-01' ELSE l.listed_on END) >= cited
RETURN
  p.id AS party_id,
  p.name AS party,
  k.name AS concern,
  c.region AS region,
  c.date AS cited_on,
  c.cited_by AS cited_by,
  lst.id AS list_id,
  lst.name AS list,
  lst.severity AS severity,
  l.listed_on AS listed_on,
  CASE WHEN l IS NULL THEN NULL ELSE duration.inDays(cited, date(CASE size(l.listed_on) WHEN 4 THEN l.listed_on + '-01-01' WHEN 7 THEN l.listed_on + '-01' ELSE l.listed_on END)).days END AS days_after,
  c.sources AS citation_sources,
  l.sources AS listing_sources
ORDER BY party_id, cited_on, region, listed_on, list_id
