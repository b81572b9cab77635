// name: exposure
// description: Every list a party is on or was on - listing and removal dates, programme, administering agencies, Federal Register citation, sources - and, separately (kind = considered), every reported, proposed, hypothetical or denied action. Reported actions are never shown as listings.
// param: entity: party (required) - name, alias or id of a company, organisation or person
// example: skg query exposure --param entity=hikvision
MATCH (e:Entity {id: $entity})-[r:LISTED_ON|CONSIDERED_FOR]->(t:Entity)
OPTIONAL MATCH (a:Agency)-[:ADMINISTERS]->(t)
WITH e, r, t, a ORDER BY a.name
WITH e, r, t, [x IN collect(a.name) WHERE x IS NOT NULL] AS agencies
RETURN
  CASE type(r) WHEN 'LISTED_ON' THEN 'listing' ELSE 'considered' END AS kind,
  t.id AS list_id,
  t.name AS list,
  r.listed_on AS listed_on,
  r.removed_on AS removed_on,
  r.reported_on AS reported_on,
  r.modality AS modality,
  r.program AS program,
  r.authority_id AS authority_id,
  agencies,
  r.sources AS sources,
  r.evidence AS evidence
ORDER BY kind DESC, coalesce(listed_on, reported_on, '') ASC, list_id ASC, modality ASC,
  coalesce(removed_on, '') ASC
