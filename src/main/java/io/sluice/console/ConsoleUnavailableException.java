package io.sluice.console;

/**
 * The console is enabled but cannot be served (its port is taken, its files cannot be written). Start-up stops:
 * a service without the console its operators expect would run blind. The message is the whole story in one
 * line (what, where, what to do), so the launcher prints it without a stack trace.
 */
public final class ConsoleUnavailableException extends IllegalStateException {

    ConsoleUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
