// name: neighbourhood
// description: The subgraph around an entity, to a depth, as one row per relationship (with the hop at which it was reached). Expands only through parties unless expand_all is set, so a list with thousands of members does not swamp the view.
// param: entity: entity (required) - name, alias or id of any node
// param: depth: int[1..5] = 2 - how many hops from the entity
// param: types: reltypes = "" - comma-separated relationship types to follow (default: all)
// param: expand_all: bool = false - also expand through lists, documents, regions, concerns, agencies and authorities
// param: max_nodes: int[1..1000000] = 300 - stop adding nodes beyond this many
// option: expand=frontier
// example: skg query neighbourhood --param entity=hikvision --param depth=2 --param types=LISTED_ON,CITED_FOR,LOCATED_IN
// The runner calls this once per hop with the ids reached so far ($frontier);
// Cypher cannot take a variable-length bound as a parameter, and a breadth-first
// expansion avoids enumerating every path through a dense node.
UNWIND $frontier AS fid
MATCH (n:Entity {id: fid})-[r]-(m:Entity)
WHERE size($types) = 0 OR type(r) IN $types
RETURN DISTINCT
  r.key AS key,
  startNode(r).id AS src,
  startNode(r).name AS src_name,
  [l IN labels(startNode(r)) WHERE l IN $labels][0] AS src_label,
  type(r) AS type,
  endNode(r).id AS dst,
  endNode(r).name AS dst_name,
  [l IN labels(endNode(r)) WHERE l IN $labels][0] AS dst_label,
  r.modality AS modality,
  r.sources AS sources
ORDER BY key
