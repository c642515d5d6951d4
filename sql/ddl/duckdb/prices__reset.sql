-- name: prices__reset
-- kind: query
-- description: Empties the local price table before the job loads the validated price book again.
-- grain: none
-- depends_on: prices
-- params: none
delete from prices
