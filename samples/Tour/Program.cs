Tour.ContextSwitch.Run();
