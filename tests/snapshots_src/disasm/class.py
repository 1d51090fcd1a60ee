class Base:
    kind = "base"

    def __init__(self, name):
        self.name = name

    def describe(self):
        return f"{self.kind}:{self.name!r}"


class Child(Base):
    kind = "child"

    @property
    def upper(self):
        return self.name.upper()

    def describe(self):
        return super().describe() + "/" + self.upper


print(Child("x").describe())
