SELECT DISTINCT id, place
FROM (
  SELECT a.id, unnest(string_split(concat_ws(';', r.workplaces, r.workplaces_known), ';')) AS place
  FROM answers a JOIN records r USING (id)
  WHERE a.Teleworker = 'is' AND a.RemoteWorker = 'is_not'
)
WHERE place IN ('org_main_office', 'org_branch_office')
