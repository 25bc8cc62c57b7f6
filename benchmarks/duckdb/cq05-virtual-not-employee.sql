SELECT DISTINCT a.id, r.relation
FROM answers a JOIN records r USING (id)
WHERE a.VirtualWorker = 'is' AND a.Employee = 'is_not' AND r.relation IS NOT NULL
