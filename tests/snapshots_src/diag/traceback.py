class Account:
    def __init__(self, balance):
        self.balance = balance

    def withdraw(self, amount):
        if amount > self.balance:
            raise ValueError(f"insufficient funds: {self.balance} < {amount}")
        self.balance -= amount


def pay(account, bills):
    for bill in bills:
        account.withdraw(bill)


def main():
    acct = Account(100)
    try:
        pay(acct, [30, 50, 40])
    except ValueError as e:
        raise RuntimeError("payment failed") from e


main()
