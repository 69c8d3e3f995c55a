-- Search reads search_doc (009) since; the GIN indexes of 003 on party and
-- activity are no longer used by any query and only slow down writes (a CSV
-- import most). visit_search stays: registry.visit.list filters by words.
DROP INDEX party_search;
DROP INDEX activity_search;
