// name: sources
// description: The documents and passages behind an entity or one of its facts - one row per relationship and source document, with the passages that document gives for it, plus (when no filter is given) the documents the entity itself was read from (rows without a type).
// param: entity: entity (required) - name, alias or id of any node
// param: types: reltypes = "" - only relationships of these types (e.g. LISTED_ON)
// param: other: entity - only relationships with this entity at the other end (e.g. a list)
// example: skg query sources --param entity=hikvision --param types=LISTED_ON
MATCH (x:Entity {id: $entity})
CALL (x) {
  MATCH (x)-[r]-(o:Entity)
  WHERE (size($types) = 0 OR type(r) IN $types) AND ($other IS NULL OR o.id = $other)
  UNWIND coalesce(r.sources, []) AS sid
  RETURN sid, type(r) AS type, o.id AS other_id, o.name AS other, r.modality AS modality, r.key AS key,
    [e IN coalesce(r.evidence, []) WHERE e CONTAINS ('"source": "' + sid + '"')] AS evidence
  UNION ALL
  UNWIND CASE WHEN size($types) = 0 AND $other IS NULL THEN coalesce(x.sources, []) ELSE [] END AS sid
  RETURN sid, NULL AS type, NULL AS other_id, NULL AS other, NULL AS modality, NULL AS key, [] AS evidence
}
MATCH (d:Entity {id: sid})
RETURN
  d.id AS document_id,
  d.title AS title,
  d.url AS url,
  d.published AS published,
  d.kind AS document_kind,
  type,
  other_id,
  other,
  modality,
  key,
  evidence
ORDER BY published, document_id, key
