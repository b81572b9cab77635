// name: timeline
// description: Events in date order for an entity - a party's listings, removals, reported actions and citations; a list's additions and removals; a concern's citations; a region's citations - each with its sources. Undated facts are left out; partial dates sort as the first day of their period. first_seen marks a listing dated only by the first snapshot that showed it.
// param: entity: entity (required) - name, alias or id of a party, list, concern or region
// example: skg query timeline --param entity=hikvision
CALL () {
  MATCH (d:Document) WHERE d.kind = 'list_snapshot' AND d.published IS NOT NULL
  WITH split(coalesce(d.code, d.id), '@')[0] AS family, collect(d) AS docs, min(d.published) AS first
  UNWIND [d IN docs WHERE d.published = first | d.id + '@' + first] AS snapshot
  RETURN collect(snapshot) AS first_snapshots
}
CALL () {
  MATCH (p:Entity {id: $entity})-[r:LISTED_ON|CONSIDERED_FOR|CITED_FOR]->(t:Entity) RETURN p, r, t
  UNION
  MATCH (p:Entity)-[r:LISTED_ON|CONSIDERED_FOR|CITED_FOR]->(t:Entity {id: $entity}) RETURN p, r, t
  UNION
  MATCH (p:Entity)-[r:CITED_FOR]->(t:Entity) WHERE r.region = $entity RETURN p, r, t
}
UNWIND [
  [CASE type(r) WHEN 'LISTED_ON' THEN 'listed' WHEN 'CONSIDERED_FOR' THEN 'considered' ELSE 'cited' END,
   coalesce(r.listed_on, r.reported_on, r.date)],
  ['removed', r.removed_on]
] AS ev
WITH p, r, t, ev, first_snapshots WHERE ev[1] IS NOT NULL
RETURN
  ev[1] AS date,
  ev[0] AS event,
  ev[0] = 'listed' AND any(s IN coalesce(r.sources, []) WHERE s + '@' + r.listed_on IN first_snapshots) AS first_seen,
  p.id AS party_id,
  p.name AS party,
  type(r) AS type,
  t.id AS target_id,
  t.name AS target,
  r.modality AS modality,
  r.region AS region,
  r.key AS key,
  r.sources AS sources
ORDER BY substring(date + '-01-01', 0, 10), event, party_id, target_id, key
