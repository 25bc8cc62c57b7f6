-- Every telecommuter a teleworker: no record is a telecommuter and certainly not a teleworker.
SELECT count(*) = 0 AS answer FROM answers WHERE Telecommuter = 'is' AND Teleworker = 'is_not'
