package dev.loop.process.launch;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a forked child: the same {@code java}, the transport's JVM options, native
 * access for this module, the user's JVM options, the parent's module path and class path (plus
 * the user's extra entries), the channel's properties, then {@link ChildMain} with the user's main
 * class and arguments.
 */
public final class ChildCommand {

    private static final String PROCESS_MODULE = "dev.loop.process";

    private ChildCommand() {
    }

    /**
     * Every module path and class path entry a child gets: the parent's, then {@code extra}.
     *
     * @param extraClassPath the user's extra class path entries
     * @return the entries
     */
    public static List<Path> paths(List<Path> extraClassPath) {
        List<Path> paths = new ArrayList<>();
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property, "");
            for (String entry : value.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    paths.add(Path.of(entry));
                }
            }
        }
        paths.addAll(extraClassPath);
        return paths;
    }

    /**
     * Builds the command.
     *
     * @param transportArgs the transport's JVM options
     * @param jvmArgs the user's JVM options
     * @param extraClassPath the user's extra class path entries
     * @param module the named module of the user's main class, or null
     * @param mainClass the user's main class
     * @param args its arguments
     * @param properties the channel's properties, as {@code -Dkey=value} options
     * @return the command, starting with the java executable
     */
    public static List<String> build(List<String> transportArgs, List<String> jvmArgs, List<Path> extraClassPath,
                                     String module, String mainClass, List<String> args, List<String> properties) {
        boolean modular = ChildCommand.class.getModule().isNamed();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(transportArgs);
        command.add("--enable-native-access=" + (modular ? PROCESS_MODULE : "ALL-UNNAMED"));
        command.addAll(jvmArgs);
        String modulePath = System.getProperty("jdk.module.path");
        if (modular && modulePath != null && !modulePath.isEmpty()) {
            command.add("--module-path");
            command.add(modulePath);
        }
        List<String> classPath = new ArrayList<>();
        String parentClassPath = System.getProperty("java.class.path", "");
        if (!parentClassPath.isEmpty()) {
            classPath.add(parentClassPath);
        }
        extraClassPath.forEach(entry -> classPath.add(entry.toString()));
        if (!classPath.isEmpty()) {
            command.add("-cp");
            command.add(String.join(File.pathSeparator, classPath));
        }
        if (module != null) {
            command.add("--add-modules");
            command.add(module);
            int dot = mainClass.lastIndexOf('.');
            if (modular && dot > 0) {
                // ChildMain calls the main method reflectively, as the java launcher would.
                command.add("--add-opens");
                command.add(module + "/" + mainClass.substring(0, dot) + "=" + PROCESS_MODULE);
            }
            properties = new ArrayList<>(properties);
            properties.add("-D" + ChildProperties.MODULE + "=" + module);
        }
        command.addAll(properties);
        if (modular) {
            command.add("-m");
            command.add(PROCESS_MODULE + "/" + ChildMain.class.getName());
        } else {
            command.add(ChildMain.class.getName());
        }
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
