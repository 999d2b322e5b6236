using FtCore;

namespace Bank;

public static class Program
{
    public static int Main(string[] args) => FtCoreProgram.Run(args, new BankApp());
}
