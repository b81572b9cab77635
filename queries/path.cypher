// name: path
// description: The shortest connections between two entities, up to k hops, in either direction - one row per hop of each path, with the relationship's key, modality, sources and evidence. Paths are ordered by the keys of their relationships, hop by hop, and cut at max_paths; types restricts the relationships a path may use.
// param: source: entity (required) - name, alias or id of the first entity
// param: target: entity (required) - name, alias or id of the second entity
// param: k: int[1..6] = 4 - longest path to consider, in hops
// param: max_paths: int[1..1000] = 10 - how many paths to return at most
// param: types: reltypes = "" - comma-separated relationship types a path may use (default: all)
// example: skg query path --param source=hikvision --param target=Xinjiang
// The pattern's bound is the largest k allowed (a pattern cannot take a parameter); length(p) <= $k
// cuts it, and the type filter is a per-relationship predicate, which Neo4j applies during the search.
MATCH (a:Entity {id: $source}), (b:Entity {id: $target})
WHERE a <> b
MATCH p = allShortestPaths((a)-[*..6]-(b))
WHERE length(p) <= $k AND all(r IN relationships(p) WHERE size($types) = 0 OR type(r) IN $types)
WITH p, [r IN relationships(p) | r.key] AS keys
ORDER BY keys
LIMIT $max_paths
WITH collect(p) AS paths
UNWIND range(0, size(paths) - 1) AS i
WITH i, paths[i] AS p
UNWIND range(0, length(p) - 1) AS h
WITH i, h, nodes(p)[h] AS x, relationships(p)[h] AS r, nodes(p)[h + 1] AS y
RETURN
  i + 1 AS path,
  h + 1 AS hop,
  x.id AS from_id,
  x.name AS from,
  type(r) AS type,
  CASE WHEN startNode(r) = x THEN 'forward' ELSE 'backward' END AS direction,
  y.id AS to_id,
  y.name AS to,
  r.key AS key,
  r.modality AS modality,
  r.sources AS sources,
  r.evidence AS evidence
ORDER BY path, hop
