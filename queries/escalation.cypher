// name: escalation
// description: Parties that moved from a list to a harsher one (higher severity, from the measures in the reference data): a listing that began on or after an earlier listing on a less severe list, with the days between. Filter by a concern or region the party was cited for, the agency administering the harsher list, and the period of the move.
// param: concern: concern - only parties cited for this concern
// param: region: region - only parties cited for conduct in this region
// param: agency: agency - only moves to a list this agency administers
// param: since: date - only moves on or after this date
// param: until: date - only moves on or before this date
// example: skg query escalation --param concern="human rights"
MATCH (p:Party)-[b:LISTED_ON]->(to:SanctionList)
WHERE b.listed_on IS NOT NULL
  AND ($since IS NULL OR b.listed_on >= $since) AND ($until IS NULL OR b.listed_on <= $until)
  AND ($agency IS NULL OR EXISTS { MATCH (:Entity {id: $agency})-[:ADMINISTERS]->(to) })
  AND ($concern IS NULL OR EXISTS { MATCH (p)-[:CITED_FOR]->(:Entity {id: $concern}) })
  AND ($region IS NULL OR EXISTS { MATCH (p)-[cr:CITED_FOR]->(:Concern) WHERE cr.region = $region })
MATCH (p)-[a:LISTED_ON]->(from:SanctionList)
WHERE a.listed_on IS NOT NULL AND coalesce(from.severity, 0) < coalesce(to.severity, 0)
WITH p, a, b, from, to,
  date(CASE size(a.listed_on) WHEN 4 THEN a.listed_on + '-01-01' WHEN 7 THEN a.listed_on + '-01' ELSE a.listed_on END) AS d1,
  date(CASE size(b.listed_on) WHEN 4 THEN b.listed_on + '-01-01' WHEN 7 THEN b.listed_on + '-01' ELSE b.listed_on END) AS d2
WHERE d2 >= d1
RETURN
  p.id AS party_id,
  p.name AS party,
  from.id AS from_list_id,
  from.name AS from_list,
  from.severity AS from_severity,
  a.listed_on AS from_listed_on,
  to.id AS to_list_id,
  to.name AS to_list,
  to.severity AS to_severity,
  b.listed_on AS to_listed_on,
  duration.inDays(d1, d2).days AS days,
  a.sources AS from_sources,
  b.sources AS to_sources
ORDER BY party_id, from_listed_on, to_listed_on, from_list_id, to_list_id
