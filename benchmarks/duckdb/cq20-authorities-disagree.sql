WITH statuses AS (
  SELECT id, category, status
  FROM (UNPIVOT (SELECT * EXCLUDE (label) FROM answers) ON COLUMNS(* EXCLUDE (id))
        INTO NAME category VALUE status)
  WHERE status IN ('is', 'is_not') AND category IN (SELECT category FROM senses)
)
SELECT y.id, sy.word, sy.authority AS says_is, sn.authority AS says_is_not
FROM statuses y
JOIN senses sy ON sy.category = y.category
JOIN senses sn ON sn.word = sy.word
JOIN statuses n ON n.id = y.id AND n.category = sn.category
WHERE y.status = 'is' AND n.status = 'is_not'
