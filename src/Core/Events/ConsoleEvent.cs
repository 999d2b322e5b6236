namespace FtCore.Core.Events;

/// <summary>
/// A typed console event a role emits. <see cref="ConsoleRenderer"/> turns each into the guide's
/// words; checkers in the simulator read the same events.
/// </summary>
internal abstract record ConsoleEvent;
