using AccelInterop.Cli;

return AccelgenApp.Run(args, Console.Out, Console.Error);
