SELECT performer, count(*) AS n FROM records WHERE performer IS NOT NULL GROUP BY performer
