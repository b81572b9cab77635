// name: peers
// description: Parties designated in the same action as the entity - listed under the same Federal Register notice (authority_id), or on the same list on the same date.
// param: entity: party (required) - name, alias or id of a party
// example: skg query peers --param entity=hikvision
MATCH (e:Entity {id: $entity})-[r:LISTED_ON]->(l:SanctionList)
CALL {
  WITH e, r, l
  MATCH (l)<-[r2:LISTED_ON]-(p:Party)
  WHERE p <> e AND r.listed_on IS NOT NULL AND r2.listed_on = r.listed_on
  RETURN p, r2, l AS l2, 'same list and date' AS basis
  UNION
  WITH e, r
  MATCH (p:Party)-[r2:LISTED_ON]->(l2:SanctionList)
  WHERE p <> e AND r.authority_id IS NOT NULL AND r2.authority_id = r.authority_id
  RETURN p, r2, l2, 'same notice' AS basis
}
RETURN DISTINCT
  p.id AS party_id,
  p.name AS party,
  l2.id AS list_id,
  l2.name AS list,
  r2.listed_on AS listed_on,
  r2.authority_id AS authority_id,
  basis,
  r2.sources AS sources
ORDER BY party_id, list_id, listed_on, basis
