// name: sources
// description: The documents and passages behind an entity's facts - one row per relationship and source document, with the passages that document gives for it.
// param: entity: entity (required) - name, alias or id of any node
// param: type: string - only relationships of this type (e.g. LISTED_ON)
// example: skg query sources --param entity=hikvision --param type=LISTED_ON
MATCH (x:Entity {id: $entity})-[r]-(o:Entity)
WHERE $type IS NULL OR type(r) = $type
UNWIND r.sources AS sid
MATCH (d:Entity {id: sid})
RETURN
  d.id AS document_id,
  d.title AS title,
  d.url AS url,
  d.published AS published,
  d.kind AS document_kind,
  type(r) AS type,
  o.id AS other_id,
  o.name AS other,
  r.modality AS modality,
  r.key AS key,
  [e IN coalesce(r.evidence, []) WHERE e CONTAINS ('"source": "' + sid + '"')] AS evidence
ORDER BY published, document_id, key
