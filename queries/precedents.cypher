// name: precedents
// description: Parties cited for the same concern as the entity (in the same region, when given), and what happened to them afterwards - every listing that began on or after the citation, with the list's severity, the days from citation to listing, and whether that list was harsher than any the party was on when cited (severity_before: the highest severity then, empty if none). Each row carries the sources and passages of the citation and of the listing. Partial dates count from the first day of their period; a party with no later dated listing, or with an undated citation, appears once with an empty list. Listings dated only by the first snapshot that showed them are left out (their real date is unknown).
// param: entity: party (required) - name, alias or id of the party whose precedents you want
// param: concern: concern - only this concern (default: every concern the entity is cited for)
// param: region: region - only citations concerning this region
// example: skg query precedents --param entity=hikvision
CALL () {
  MATCH (d:Document) WHERE d.kind = 'list_snapshot' AND d.published IS NOT NULL
  WITH split(coalesce(d.code, d.id), '@')[0] AS family, collect(d) AS docs, min(d.published) AS first
  UNWIND [d IN docs WHERE d.published = first | d.id + '@' + first] AS snapshot
  RETURN collect(snapshot) AS first_snapshots
}
MATCH (:Entity {id: $entity})-[c0:CITED_FOR]->(k:Concern)
WHERE ($concern IS NULL OR k.id = $concern) AND ($region IS NULL OR c0.region = $region)
WITH DISTINCT k, first_snapshots
MATCH (p:Party)-[c:CITED_FOR]->(k)
WHERE p.id <> $entity AND ($region IS NULL OR c.region = $region)
WITH p, c, k, first_snapshots, substring(c.date + '-01-01', 0, 10) AS cited
// the listings in force on the day of the citation: how harsh the party's treatment already was
CALL (p, cited, first_snapshots) {
  MATCH (p)-[b:LISTED_ON]->(x:SanctionList)
  WHERE substring(b.listed_on + '-01-01', 0, 10) < cited
    AND (b.removed_on IS NULL OR substring(b.removed_on + '-01-01', 0, 10) > cited)
    AND NOT any(s IN coalesce(b.sources, []) WHERE s + '@' + b.listed_on IN first_snapshots)
  RETURN max(coalesce(x.severity, 0)) AS severity_before
}
OPTIONAL MATCH (p)-[l:LISTED_ON]->(lst:SanctionList)
WHERE substring(l.listed_on + '-01-01', 0, 10) >= cited
  AND NOT any(s IN coalesce(l.sources, []) WHERE s + '@' + l.listed_on IN first_snapshots)
RETURN
  p.id AS party_id,
  p.name AS party,
  k.id AS concern_id,
  k.name AS concern,
  c.region AS region,
  c.date AS cited_on,
  c.cited_by AS cited_by,
  lst.id AS list_id,
  lst.name AS list,
  lst.severity AS severity,
  l.listed_on AS listed_on,
  duration.inDays(date(cited), date(substring(l.listed_on + '-01-01', 0, 10))).days AS days_after,
  severity_before,
  CASE WHEN l IS NULL THEN NULL ELSE coalesce(lst.severity, 0) > coalesce(severity_before, 0) END AS harsher,
  coalesce(c.sources, []) + [s IN coalesce(l.sources, []) WHERE NOT s IN coalesce(c.sources, [])] AS sources,
  coalesce(c.evidence, []) + [e IN coalesce(l.evidence, []) WHERE NOT e IN coalesce(c.evidence, [])] AS evidence
ORDER BY party_id, cited_on, region, concern_id, listed_on, list_id
