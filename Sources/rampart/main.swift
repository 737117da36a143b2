import RampartAudit
print("rampart")
