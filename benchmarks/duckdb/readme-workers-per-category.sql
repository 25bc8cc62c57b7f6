-- The seed's categories (the authorities' are not under rkg:Worker in the graph).
SELECT category, count(*) AS n
FROM (UNPIVOT (SELECT id, Teleworker, Telecommuter, RemoteWorker, InPersonWorker,
                      HybridWorker, FlexWorker, LocationIndependentWorker, VirtualWorker,
                      Employee, Freelancer, Contractor, Subcontractor, ProviderStaffMember,
                      Owner, OutsourcedWorker, RemoteStaffMember, WorkFromHomeEmployee
               FROM answers)
      ON COLUMNS(* EXCLUDE (id)) INTO NAME category VALUE status)
WHERE status = 'is'
GROUP BY category ORDER BY n DESC
