-- Lua 5.4 twin of fib.mini. fib is a global function, as in the Python
-- version (where the recursive call looks `fib` up in the module globals).

function fib(n)
  if n < 2 then
    return n
  end
  return fib(n - 1) + fib(n - 2)
end

print(fib(30))
