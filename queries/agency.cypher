// name: agency
// description: The lists an agency administers (its sub-agencies' too, through PART_OF), with the number of listings that began each year; a list with no dated listing shows a row with an empty year.
// param: agency: agency (required) - name, alias or code of an agency, e.g. BIS or OFAC
// example: skg query agency --param agency=BIS
MATCH (a:Entity {id: $agency})<-[:PART_OF*0..3]-(sub:Agency)-[:ADMINISTERS]->(l:SanctionList)
WITH DISTINCT l
OPTIONAL MATCH (:Party)-[r:LISTED_ON]->(l)
WITH l, CASE WHEN r IS NULL OR r.listed_on IS NULL THEN NULL ELSE substring(r.listed_on, 0, 4) END AS year, r
WITH l, year, count(r) AS additions
RETURN l.id AS list_id, l.name AS list, l.severity AS severity, year, additions
ORDER BY list_id, year
