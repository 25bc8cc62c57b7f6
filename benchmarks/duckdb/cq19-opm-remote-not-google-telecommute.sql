SELECT id, place
FROM (
  SELECT a.id, unnest(string_split(concat_ws(';', r.workplaces, r.workplaces_known), ';')) AS place
  FROM answers a JOIN records r USING (id)
  WHERE a.OPMRemoteWorker = 'is' AND a.GoogleTelecommuter = 'is_not'
)
