// After the consumer's build: every test class ran at least one test, the *Properties class
// included (the README's surefire includes). Surefire fails the build on a failure; this checks
// that nothing was skipped without a word.
def reports = new File(basedir, 'target/surefire-reports')
['ScriptTest', 'JobServerTest', 'RestEndpointTest', 'CopyTest', 'WorkerPoolTest', 'CountingBackendTckTest',
 'ModulePathTest', 'DebounceProperties', 'HealthTest'].each { name ->
    def report = new File(reports, "TEST-com.example.porter.${name}.xml")
    assert report.isFile() : "surefire did not run ${name}: no ${report}"
    def cases = new groovy.xml.XmlSlurper().parse(report).testcase.size()
    assert cases > 0 : "${name} ran no test"
}
// loop-http brings Jetty's codec, which logs through SLF4J; this project adds no provider, and
// must not see SLF4J's warning about that (in the build log, or the tests' own output files)
def outputs = [new File(basedir, 'build.log')] + (reports.listFiles().findAll { it.name.endsWith('-output.txt') } as List)
outputs.each { file ->
    assert !file.text.contains('SLF4J') : "SLF4J printed into ${file.name}"
}
return true
