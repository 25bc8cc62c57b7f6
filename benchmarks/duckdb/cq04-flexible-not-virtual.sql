SELECT a.id, r.location_bound
FROM answers a JOIN records r USING (id)
WHERE a.FlexWorker = 'is' AND a.VirtualWorker = 'is_not'
