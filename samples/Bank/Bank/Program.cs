// The bank's whole program: every ftcore command (sim, lab, bench, rm, gfd, lfd, server, client, admin) for it.
return FtCore.FtCoreProgram.Run(args, new Bank.BankApp());
