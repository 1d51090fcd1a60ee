total = 0
for i in range(10):
    if i % 2 == 0:
        continue
    total += i
while total > 0:
    total -= 7
    if total < 3:
        break
else:
    total = -1
print(total)
