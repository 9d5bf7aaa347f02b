package io.dynakey.cli;

import io.dynakey.trainer.data.DataException;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Schemas;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --schema}: a schema file, or the name of a schema the trainer ships ({@code iot23}, {@code ton_iot_modbus}, ...). */
final class SchemaConverter implements ITypeConverter<Schema> {

    /** The options' help text for it. */
    static final String HELP = "schema file, or the name of a shipped schema (iot23, ton_iot_<device>; see docs/trainer.md)";

    @Override
    public Schema convert(String value) {
        try {
            return Schemas.resolve(value);
        } catch (DataException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
