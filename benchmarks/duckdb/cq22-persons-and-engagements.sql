SELECT count(*) AS engagements,
       count(DISTINCT coalesce('p:' || performer, 'e:' || id)) AS performers,
       count(DISTINCT performer) FILTER (WHERE performer_kind = 'person') AS persons,
       count(DISTINCT performer) FILTER (WHERE performer_kind = 'organisation') AS organisations,
       count(*) FILTER (WHERE performer IS NULL) AS unrecorded_performers
FROM records
