// name: exposure
// description: Every list a party is on or was on - listing and removal dates, programme, Federal Register citation (authority_id), administering agencies, sources and passages - and, separately (kind = considered), every reported, proposed, hypothetical or denied action, which is never shown as a listing. first_seen marks a listing whose list file gives no date: listed_on is then only the date of the first loaded snapshot that showed it, and the listing may be older.
// param: entity: party (required) - name, alias or id of a company, organisation, person, vessel or aircraft
// example: skg query exposure --param entity=hikvision
// first_snapshots: "<document id>@<date>" of the earliest snapshot of every list file
// (the same subquery opens every query that reads listing dates; see queries/embedded_base.py).
CALL () {
  MATCH (d:Document) WHERE d.kind = 'list_snapshot' AND d.published IS NOT NULL
  WITH split(coalesce(d.code, d.id), '@')[0] AS family, collect(d) AS docs, min(d.published) AS first
  UNWIND [d IN docs WHERE d.published = first | d.id + '@' + first] AS snapshot
  RETURN collect(snapshot) AS first_snapshots
}
MATCH (:Entity {id: $entity})-[r:LISTED_ON|CONSIDERED_FOR]->(t:Entity)
RETURN
  CASE type(r) WHEN 'LISTED_ON' THEN 'listing' ELSE 'considered' END AS kind,
  t.id AS list_id,
  t.name AS list,
  r.listed_on AS listed_on,
  CASE type(r) WHEN 'LISTED_ON' THEN r.listed_on IS NOT NULL
    AND any(s IN coalesce(r.sources, []) WHERE s + '@' + r.listed_on IN first_snapshots) END AS first_seen,
  r.removed_on AS removed_on,
  r.reported_on AS reported_on,
  r.modality AS modality,
  r.by AS by,
  r.program AS program,
  r.authority_id AS authority_id,
  r.reason AS reason,
  COLLECT { MATCH (a:Agency)-[:ADMINISTERS]->(t) WHERE a.name IS NOT NULL RETURN a.name ORDER BY a.name } AS agencies,
  r.sources AS sources,
  r.evidence AS evidence
ORDER BY kind DESC, substring(coalesce(listed_on, reported_on) + '-01-01', 0, 10), list_id,
  listed_on, reported_on, modality, removed_on
