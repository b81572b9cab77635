// name: escalation
// description: Parties that moved from a list to a harsher one (higher severity, derived from the lists' measures in the reference data): a listing that began strictly after an earlier listing on a less severe list, with the days between (partial dates count from the first day of their period) and the sources and passages of both listings. Filter by a concern or region the party was cited for, the agency administering the harsher list (or a department above it), and the period of the move. Listings dated only by the first snapshot that showed them are left out: their real date is unknown.
// param: concern: concern - only parties cited for this concern
// param: region: region - only parties cited for conduct in this region
// param: agency: agency - only moves to a list this agency (or one within it) administers
// param: since: date - only moves on or after this date
// param: until: end_date - only moves on or before this date (2021 means to the end of 2021)
// example: skg query escalation --param concern="human rights"
CALL () {
  MATCH (d:Document) WHERE d.kind = 'list_snapshot' AND d.published IS NOT NULL
  WITH split(coalesce(d.code, d.id), '@')[0] AS family, collect(d) AS docs, min(d.published) AS first
  UNWIND [d IN docs WHERE d.published = first | d.id + '@' + first] AS snapshot
  RETURN collect(snapshot) AS first_snapshots
}
MATCH (p:Party)-[b:LISTED_ON]->(to:SanctionList)
WHERE b.listed_on IS NOT NULL
  AND ($since IS NULL OR substring(b.listed_on + '-01-01', 0, 10) >= $since)
  AND ($until IS NULL OR substring(b.listed_on + '-01-01', 0, 10) <= $until)
  AND ($agency IS NULL OR EXISTS { MATCH (:Entity {id: $agency})<-[:PART_OF*0..3]-(:Agency)-[:ADMINISTERS]->(to) })
  AND ($concern IS NULL OR EXISTS { MATCH (p)-[:CITED_FOR]->(:Entity {id: $concern}) })
  AND ($region IS NULL OR EXISTS { MATCH (p)-[cr:CITED_FOR]->(:Concern) WHERE cr.region = $region })
  AND NOT any(s IN coalesce(b.sources, []) WHERE s + '@' + b.listed_on IN first_snapshots)
MATCH (p)-[a:LISTED_ON]->(from:SanctionList)
WHERE a.listed_on IS NOT NULL AND coalesce(from.severity, 0) < coalesce(to.severity, 0)
  AND NOT any(s IN coalesce(a.sources, []) WHERE s + '@' + a.listed_on IN first_snapshots)
WITH p, a, b, from, to, duration.inDays(date(substring(a.listed_on + '-01-01', 0, 10)),
                                        date(substring(b.listed_on + '-01-01', 0, 10))).days AS days
WHERE days > 0
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
  b.authority_id AS to_authority_id,
  days,
  coalesce(a.sources, []) + [s IN coalesce(b.sources, []) WHERE NOT s IN coalesce(a.sources, [])] AS sources,
  coalesce(a.evidence, []) + [e IN coalesce(b.evidence, []) WHERE NOT e IN coalesce(a.evidence, [])] AS evidence
ORDER BY party_id, from_listed_on, to_listed_on, from_list_id, to_list_id
