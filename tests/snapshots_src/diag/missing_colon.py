total = 0
for x in range(3) print(x)
