// name: changes
// description: Additions and removals on a list between two dates (inclusive; partial dates compare as text, so 2021 covers all of 2021 when used as since), from the listing and removal dates of its LISTED_ON relationships, with sources.
// param: list: list (required) - name, alias or code of the list
// param: since: date - first date to include
// param: until: date - last date to include
// example: skg query changes --param list="Entity List" --param since=2019-01-01
MATCH (p:Party)-[r:LISTED_ON]->(:Entity {id: $list})
UNWIND [['added', r.listed_on], ['removed', r.removed_on]] AS ev
WITH p, r, ev
WHERE ev[1] IS NOT NULL AND ($since IS NULL OR ev[1] >= $since) AND ($until IS NULL OR ev[1] <= $until)
RETURN
  ev[1] AS date,
  ev[0] AS change,
  p.id AS party_id,
  p.name AS party,
  r.program AS program,
  r.authority_id AS authority_id,
  r.key AS key,
  r.sources AS sources
ORDER BY date, change, party_id, key
