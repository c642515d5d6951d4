-- name: trino_compat
-- kind: ddl
-- description: The Trino functions the shared SQL calls that DuckDB lacks, as DuckDB macros with the Trino
--   names and meaning, loaded by the DuckDB adapter when it opens the database. The one file that holds
--   several statements; it only ever grows by a function the shared SQL starts to use.
-- grain: none
-- depends_on: none
-- params: none

-- Trino: parses ISO 8601 text (with Z or an offset, or a bare date) into a timestamp with time zone.
create or replace macro from_iso8601_timestamp(value) as cast(value as timestamptz);

-- Trino: the ISO 8601 week-numbering year (2025-12-29 belongs to 2026).
create or replace macro year_of_week(value) as isoyear(value);

-- Trino: sequence(start, stop) of dates, one day apart, both ends included. DuckDB gives
-- timestamps; the shared SQL casts each element to date, which is a no-op on Trino.
create or replace macro sequence(start_day, stop_day) as
  generate_series(cast(start_day as timestamp), cast(stop_day as timestamp), interval 1 day);

-- Trino: element_at(map, key) is the value or null when the key is missing (a map subscript would throw);
-- element_at(array, index) the element, counted from the end when negative. DuckDB's own element_at
-- returns a list for a map; its subscript gives Trino's meaning for both.
create or replace macro element_at(container, key) as container[key];
