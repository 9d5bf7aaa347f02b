package io.dynakey.gateway.store;

/**
 * A signed model file published for a group, kept so the gateway can serve and roll back to every
 * published version after a restart.
 *
 * @param groupId     the device group
 * @param version     the model version (as signed in the file)
 * @param file        the whole signed file (not copied: treat as read-only)
 * @param publishedMs when it was published
 */
public record ModelFile(String groupId, long version, byte[] file, long publishedMs) {

    @Override
    public String toString() {
        return "ModelFile[groupId=" + groupId + ", version=" + version + ", bytes=" + file.length + ", publishedMs=" + publishedMs + "]";
    }
}
