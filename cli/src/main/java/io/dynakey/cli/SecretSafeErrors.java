package io.dynakey.cli;

import io.dynakey.device.cbor.CborException;
import io.dynakey.models.ModelFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * dynakey's two error handlers, one for every command:
 * <ul>
 * <li>command-line mistakes are reported without repeating arguments that are not option names:
 *     an unmatched argument may be a secret typed where an option used to take one ({@code --psk HEX});</li>
 * <li>an exception that escapes a command becomes one line on standard error,
 *     {@code dynakey <command>: <what is wrong>}, and a non-zero exit: {@value #BAD_INPUT} for input
 *     that could not be used (a missing, unreadable, too large or malformed file, a bad value),
 *     {@value #FAILED} for anything else. No stack trace, unless {@value #STACK_TRACE_ENV}=1 is set.</li>
 * </ul>
 * Exception messages are the project's own, which never carry key bytes.
 */
final class SecretSafeErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

    /** Exit status for input that could not be used. */
    static final int BAD_INPUT = 2;
    /** Exit status for any other failure. */
    static final int FAILED = 1;
    /** Environment variable that makes the handler print stack traces too (for bug reports). */
    static final String STACK_TRACE_ENV = "DYNAKEY_STACKTRACE";

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (ex instanceof UnmatchedArgumentException u) {
            StringBuilder names = new StringBuilder();
            int values = 0;
            for (String a : u.getUnmatched()) {
                if (a.startsWith("-")) {
                    int eq = a.indexOf('=');
                    names.append(names.length() == 0 ? "" : ", ").append(eq < 0 ? a : a.substring(0, eq) + "=(not shown)");
                } else {
                    values++;
                }
            }
            err.println("Unknown " + (names.length() > 0 ? "option " + names : "argument")
                    + (values > 0 ? " (" + values + " value" + (values == 1 ? "" : "s") + " not shown)" : ""));
        } else {
            err.println(ex.getMessage());
        }
        cmd.usage(err, cmd.getColorScheme());
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        System.out.flush();
        System.err.println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(describe(ex)));
        if ("1".equals(System.getenv(STACK_TRACE_ENV))) {
            ex.printStackTrace(System.err);
        }
        System.err.flush();
        return badInput(ex) ? BAD_INPUT : FAILED;
    }

    /** What went wrong, as the user should read it. */
    static String describe(Throwable ex) {
        if (ex instanceof NoSuchFileException e) {
            return e.getReason() != null ? e.getMessage() : "no such file: " + e.getFile();
        }
        if (ex instanceof AccessDeniedException e) {
            return e.getReason() != null ? e.getMessage() : "permission denied: " + e.getFile();
        }
        if (ex instanceof FileSystemException e) {
            return e.getMessage();
        }
        if (ex instanceof CborException e) {
            return "malformed input: " + e.getMessage();
        }
        if (ex instanceof IOException || ex instanceof IllegalArgumentException || ex instanceof ModelFormatException
                || isOwnException(ex)) {
            return ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
        }
        return "internal error (" + ex.getClass().getName() + (ex.getMessage() != null ? ": " + ex.getMessage() : "")
                + "); " + STACK_TRACE_ENV + "=1 prints the stack trace";
    }

    private static boolean badInput(Exception ex) {
        return ex instanceof IOException || ex instanceof IllegalArgumentException || ex instanceof ModelFormatException
                || ex instanceof CborException;
    }

    /** dynakey's checked exceptions carry messages written for the user. */
    private static boolean isOwnException(Throwable ex) {
        return !(ex instanceof RuntimeException) && ex.getClass().getName().startsWith("io.dynakey.");
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
