package io.dynakey.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports command-line mistakes without repeating arguments that are not option names: an
 * unmatched argument may be a secret typed where an option used to take one ({@code --psk HEX}).
 */
final class SecretSafeErrors implements IParameterExceptionHandler {

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
}
