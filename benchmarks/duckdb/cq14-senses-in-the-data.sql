-- The "flexible" branch asks for a stated work arrangement, which no CSV column holds.
SELECT 'remote' AS word, id FROM answers
WHERE RemoteWorker = 'is' AND LocationIndependentWorker = 'is_not'
UNION ALL
SELECT 'telecommuting' AS word, id FROM answers
WHERE Telecommuter = 'is' AND WorkFromHomeEmployee = 'is_not'
