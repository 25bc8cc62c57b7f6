SELECT r.performer, count(*) AS engagements,
       count(*) FILTER (WHERE a.RemoteWorker = 'is') AS remote_engagements,
       count(*) FILTER (WHERE a.RemoteWorker = 'is_not') AS not_remote_engagements
FROM answers a JOIN records r USING (id)
WHERE r.performer IS NOT NULL
GROUP BY r.performer
HAVING count(*) > 1
