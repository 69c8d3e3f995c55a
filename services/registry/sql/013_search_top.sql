-- The best parties of one lexeme (012), always read in rank order from
-- search_term_top: right after a CSV import, before its rows are analysed,
-- the planner took the word for a rare one, read all its entries (a third
-- of all parties) and sorted them, a second instead of a millisecond.
-- Without bitmap scans and sorts the index in its order is the only plan.
CREATE FUNCTION search_top(in_tenant text, in_lexeme text, in_kind text,
                           in_archived boolean, in_limit integer)
    RETURNS TABLE (id bigint, rank real) LANGUAGE sql STABLE
    SET enable_bitmapscan = off SET enable_seqscan = off SET enable_sort = off AS $$
    SELECT t.party_id, t.rank FROM search_term t
    WHERE t.tenant = in_tenant AND t.lexeme = in_lexeme
      AND (in_kind IS NULL OR t.kind = in_kind) AND (NOT t.archived OR in_archived)
    ORDER BY t.rank DESC, t.party_id LIMIT in_limit
$$;
