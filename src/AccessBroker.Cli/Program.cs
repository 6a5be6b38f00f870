using AccessBroker.Cli;

return AbctlCommandLine.Run(args, TimeProvider.System);
