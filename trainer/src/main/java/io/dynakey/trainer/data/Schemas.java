package io.dynakey.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The schemas that ship in the trainer's jar (class-path resources under {@link #FOLDER}), and the
 * one lookup that turns a name or a file path into a {@link Schema}.
 */
public final class Schemas {

    /** Class-path folder of the shipped schema files ({@code NAME.properties}). */
    public static final String FOLDER = "/io/dynakey/trainer/schemas/";
    /** IoT-23 (Zeek conn.log flows). */
    public static final String IOT23 = "iot23";
    /** Every shipped schema, by name. */
    public static final List<String> NAMES = List.of(IOT23, "ton_iot_fridge", "ton_iot_garage_door",
            "ton_iot_gps_tracker", "ton_iot_modbus", "ton_iot_motion_light", "ton_iot_thermostat");

    private Schemas() {
    }

    /**
     * A shipped schema.
     *
     * @param name e.g. {@code iot23} or {@code ton_iot_modbus} (see {@link #NAMES})
     * @throws DataException if no schema of that name ships, or it does not parse
     */
    public static Schema named(String name) throws DataException {
        String resource = FOLDER + name + ".properties";
        try (InputStream in = Schemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DataException(name, 0, null, "no such schema: neither a file nor one of the shipped schemas " + NAMES);
            }
            return Schema.read(in, "classpath:" + resource.substring(1));
        } catch (IOException e) {
            throw new DataException(name, 0, null, "cannot read the shipped schema: " + e.getMessage());
        }
    }

    /**
     * A schema named on a command line: an existing file is read as a schema file, anything else
     * is looked up among the shipped schemas (a trailing {@code .properties} is allowed).
     */
    public static Schema resolve(String fileOrName) throws DataException {
        Path file = Path.of(fileOrName);
        if (Files.isRegularFile(file)) {
            try {
                return Schema.read(file);
            } catch (IOException e) {
                throw new DataException(fileOrName, 0, null, "cannot read the schema file: " + e.getMessage());
            }
        }
        String name = file.getFileName() == null ? fileOrName : file.getFileName().toString();
        if (name.endsWith(".properties")) {
            name = name.substring(0, name.length() - ".properties".length());
        }
        if (!NAMES.contains(name)) {
            throw new DataException(fileOrName, 0, null, "no such schema file, and not one of the shipped schemas " + NAMES);
        }
        return named(name);
    }
}
