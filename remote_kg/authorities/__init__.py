"""The authorities' definitions side by side: which authority gives which sense of an
everyday word (teleworker, remote, home worker, hybrid), read from the ontology's
rkg:definedByAuthority and rkg:givesSenseOf annotations, and each record compared across them."""
