// name: changes
// description: Additions and removals on a list between two dates (inclusive), from the listing and removal dates of its LISTED_ON relationships, with sources. A listing first seen in the first loaded snapshot of its list file is not an addition (the file gives no date; that snapshot is the baseline), as in skg changes. Partial dates count as the first day of their period.
// param: list: list (required) - name, alias or code of the list
// param: since: date - first date to include (2021 means 2021-01-01)
// param: until: end_date - last date to include (2021 means 2021-12-31)
// example: skg query changes --param list="Entity List" --param since=2019-01-01
CALL () {
  MATCH (d:Document) WHERE d.kind = 'list_snapshot' AND d.published IS NOT NULL
  WITH split(coalesce(d.code, d.id), '@')[0] AS family, collect(d) AS docs, min(d.published) AS first
  UNWIND [d IN docs WHERE d.published = first | d.id + '@' + first] AS snapshot
  RETURN collect(snapshot) AS first_snapshots
}
MATCH (p:Party)-[r:LISTED_ON]->(:Entity {id: $list})
WITH p, r, r.listed_on IS NOT NULL
  AND any(s IN coalesce(r.sources, []) WHERE s + '@' + r.listed_on IN first_snapshots) AS first_seen
UNWIND [['added', CASE WHEN first_seen THEN NULL ELSE r.listed_on END], ['removed', r.removed_on]] AS ev
WITH p, r, ev, substring(ev[1] + '-01-01', 0, 10) AS day
WHERE day IS NOT NULL AND ($since IS NULL OR day >= $since) AND ($until IS NULL OR day <= $until)
RETURN
  ev[1] AS date,
  ev[0] AS change,
  p.id AS party_id,
  p.name AS party,
  r.listed_on AS listed_on,
  r.removed_on AS removed_on,
  r.program AS program,
  r.authority_id AS authority_id,
  r.key AS key,
  r.sources AS sources
ORDER BY substring(date + '-01-01', 0, 10), change, party_id, key
