// name: agency
// description: The lists an agency administers (its sub-agencies' too, through PART_OF), with the number of listings that began each year. The row with an empty year counts listings whose date is unknown - undated, or only first seen in the first loaded snapshot of the list file; a list with no listings shows that row with 0.
// param: agency: agency (required) - name, alias or code of an agency, e.g. BIS or OFAC
// example: skg query agency --param agency=BIS
CALL () {
  MATCH (d:Document) WHERE d.kind = 'list_snapshot' AND d.published IS NOT NULL
  WITH split(coalesce(d.code, d.id), '@')[0] AS family, collect(d) AS docs, min(d.published) AS first
  UNWIND [d IN docs WHERE d.published = first | d.id + '@' + first] AS snapshot
  RETURN collect(snapshot) AS first_snapshots
}
MATCH (:Entity {id: $agency})<-[:PART_OF*0..3]-(:Agency)-[:ADMINISTERS]->(l:SanctionList)
WITH DISTINCT l, first_snapshots
OPTIONAL MATCH (:Party)-[r:LISTED_ON]->(l)
WITH l, r, CASE WHEN r.listed_on IS NULL
    OR any(s IN coalesce(r.sources, []) WHERE s + '@' + r.listed_on IN first_snapshots) THEN NULL
  ELSE substring(r.listed_on, 0, 4) END AS year
WITH l, year, count(r) AS additions
RETURN l.id AS list_id, l.name AS list, l.severity AS severity, year, additions
ORDER BY list_id, year
