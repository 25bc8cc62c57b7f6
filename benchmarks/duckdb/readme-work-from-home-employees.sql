SELECT id FROM answers WHERE WorkFromHomeEmployee = 'is'
