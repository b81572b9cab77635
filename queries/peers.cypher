// name: peers
// description: Parties designated in the same action as the entity - listed under the same Federal Register notice (authority_id), or on the same list on the same date - one row per listing of theirs, with the basis (either or both). Dates that are only a first snapshot's date (first_seen in exposure) say nothing about the action and are not compared.
// param: entity: party (required) - name, alias or id of a party
// example: skg query peers --param entity=hikvision
CALL () {
  MATCH (d:Document) WHERE d.kind = 'list_snapshot' AND d.published IS NOT NULL
  WITH split(coalesce(d.code, d.id), '@')[0] AS family, collect(d) AS docs, min(d.published) AS first
  UNWIND [d IN docs WHERE d.published = first | d.id + '@' + first] AS snapshot
  RETURN collect(snapshot) AS first_snapshots
}
MATCH (e:Entity {id: $entity})-[r:LISTED_ON]->(l:SanctionList)
WITH e, r, l, first_snapshots, r.listed_on IS NOT NULL
  AND NOT any(s IN coalesce(r.sources, []) WHERE s + '@' + r.listed_on IN first_snapshots) AS dated
CALL (e, r, l, dated, first_snapshots) {
  MATCH (l)<-[r2:LISTED_ON]-(p:Party)
  WHERE dated AND p <> e AND r2.listed_on = r.listed_on
    AND NOT any(s IN coalesce(r2.sources, []) WHERE s + '@' + r2.listed_on IN first_snapshots)
  RETURN p, r2, l AS l2, 'same list and date' AS basis
  UNION
  MATCH (p:Party)-[r2:LISTED_ON]->(l2:SanctionList)
  WHERE r.authority_id IS NOT NULL AND p <> e AND r2.authority_id = r.authority_id
  RETURN p, r2, l2, 'same notice' AS basis
}
WITH p, r2, l2, collect(basis) AS bases
RETURN
  p.id AS party_id,
  p.name AS party,
  l2.id AS list_id,
  l2.name AS list,
  r2.listed_on AS listed_on,
  r2.authority_id AS authority_id,
  [b IN ['same notice', 'same list and date'] WHERE b IN bases] AS basis,
  r2.sources AS sources
ORDER BY party_id, list_id, listed_on
